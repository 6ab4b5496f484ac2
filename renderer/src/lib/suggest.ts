// Suggestions read from the booking instructions, so the user does not type the same thing twice:
// "Book Lane 3 at 07:00" suggests verifying a 07:00 booking on lane 3. Only the first choice is
// read (the words before "if … is taken" / "otherwise"); the user can change either field.

/** The first choice's start time and lane, when the instructions name them. */
export function suggestVerification(instructions: string): { time?: string; lane?: string } {
  // Fallbacks ("If Lane 3 is taken, any lane at 07:00; otherwise 08:00") are not the first choice.
  const first = instructions.split(/\b(?:if\b[^.]*\btaken|otherwise|or else|failing that)\b/i)[0] ?? '';
  // A time, not part of a date like 05.12.2026.
  const t = /(?<![\d./-])\b([01]?\d|2[0-3])[:.h]([0-5]\d)\b(?![./-]\d)/.exec(first);
  const l = /\b(?:lane|court|table|bay|pitch|track)\s+([A-Za-z]?\d+[A-Za-z]?|[A-Z])\b/i.exec(first);
  return {
    ...(t ? { time: `${t[1]!.padStart(2, '0')}:${t[2]}` } : {}),
    ...(l ? { lane: l[1]! } : {}),
  };
}
