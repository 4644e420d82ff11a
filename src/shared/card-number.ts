/**
 * Card numbers leave EnKash "masked", but nothing checks that the mask hides enough. Every masked
 * number the client reads goes through this: all digits but the last 4 become X, whatever arrived
 * ("608326XXXXXX1234" and a full number both become "XXXXXXXXXXXX1234").
 */
export function maskCardNumber(text: string): string {
  let digitsLeft = text.replace(/\D/g, "").length;
  return text.replace(/\d/g, (digit) => (digitsLeft-- > 4 ? "X" : digit));
}
