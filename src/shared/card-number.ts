/**
 * Masked card numbers as EnKash sends them, and as this server shows them.
 *
 * EnKash documents two forms: `XXXX XXXX XXXX 3211` (last four) and `2004 01XX XXXX XX87` (first six
 * and last two, reference 7.15); third-party code shows the field also named `maskedCardNumber`, and
 * card numbers run from 12 to 19 digits. Nothing guarantees that a "masked" number hides enough, so
 * every one is read into what it really reveals, and shown again revealing at most the first six
 * and the last four digits, the most the standards allow:
 *
 * - only the run of digits at the start (at most six) and the run at the end (at most four) stay;
 *   any other digit becomes X (a digit in the middle of a mask is never a card's first or last);
 * - `last4` is the last four digits only when all four are shown; otherwise null (`2004 01XX XXXX
 *   XX87` shows the last two, `87`, never "0187");
 * - groups of four from the right, so the last four stand together whatever the length.
 */
export interface MaskedCardNumber {
  /** The number as shown: at most the first 6 and the last 4 digits, the rest X. */
  masked: string;
  /** The card's last 4 digits, when the mask shows all four; null otherwise. */
  last4: string | null;
  /** The last digits the mask shows (0 to 4 of them), e.g. "87" for `2004 01XX XXXX XX87`. */
  lastDigits: string;
  /** How many digits the card number has (12 to 19). */
  length: number;
}

const MASK = /^[0-9Xx*•]{12,19}$/;

/** What a masked number reveals, or null when the text is not a masked card number. */
export function readMaskedCardNumber(text: unknown): MaskedCardNumber | null {
  if (typeof text !== "string") return null;
  const compact = text.replace(/[\s-]/g, "");
  if (!MASK.test(compact)) return null;
  const length = compact.length;
  let leading = 0;
  while (leading < length && isDigit(compact, leading)) leading++;
  let trailing = 0;
  while (trailing < length - leading && isDigit(compact, length - 1 - trailing)) trailing++;
  // A number shown whole (or almost) counts as its first six and last four.
  const shownFirst = Math.min(leading, 6);
  const shownLast = Math.min(trailing === 0 && leading === length ? length : trailing, 4);
  let shown = "";
  for (let i = 0; i < length; i++) {
    const keep = (i < shownFirst && i < leading) || i >= length - shownLast;
    shown += keep && isDigit(compact, i) ? compact[i] : "X";
  }
  const lastDigits = shown.slice(length - shownLast);
  return {
    masked: groupFromTheRight(shown),
    last4: lastDigits.length === 4 ? lastDigits : null,
    lastDigits,
    length,
  };
}

function isDigit(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return code >= 48 && code <= 57;
}

function groupFromTheRight(text: string): string {
  const groups: string[] = [];
  for (let end = text.length; end > 0; end -= 4) groups.unshift(text.slice(Math.max(0, end - 4), end));
  return groups.join(" ");
}
