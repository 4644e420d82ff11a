/**
 * Card numbers leave EnKash "masked", but nothing checks that the mask hides enough. Every masked
 * number the client reads goes through this: all digits but the last 4 become X, whatever arrived
 * ("608326XXXXXX1234" and a full number both become "XXXXXXXXXXXX1234").
 */
export function maskCardNumber(text: string): string {
  let digitsLeft = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) digitsLeft++;
  }
  // The usual case ("XXXX XXXX XXXX 0624"): nothing to hide.
  if (digitsLeft <= 4) return text;
  return text.replace(/\d/g, (digit) => (digitsLeft-- > 4 ? "X" : digit));
}
