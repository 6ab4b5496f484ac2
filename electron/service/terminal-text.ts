// Text from the store on its way to a terminal. A profile name or a venue's message may hold ESC/OSC
// sequences or bidi overrides (stores written before names were checked, or text a venue page
// produced): printed raw they could retitle the terminal, hide lines or reorder what the user reads.
// Every such character is shown as a visible escape instead.

// C0 and C1 controls, DEL, and the bidi marks, embeddings, overrides and isolates.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

function escape(c: string): string {
  const n = c.codePointAt(0)!;
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}

/** One line of text, safe to print: controls and bidi characters (newlines too) become `\xNN` / `\uNNNN`. */
export function printable(s: string): string {
  return String(s).replace(UNSAFE, escape);
}

/** Several lines of text, safe to print: as printable(), but the newlines we put there are kept. */
export function printableLines(s: string): string {
  return String(s).replace(UNSAFE_BUT_NEWLINE, escape);
}
