/**
 * Masks for showing personal data on screens and in logs where the full value is not needed
 * (Personal Information Protection Law art. 51: technical measures such as de-identification).
 * They never throw: a mask is applied to whatever is stored, valid or not.
 */

/** '420302199001011237' -> '4203**********1237'. Eight characters or fewer become all stars. */
export function maskIdNumber(idNumber: string): string {
  const chars = [...idNumber];
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}

/** '+8613812345678' or '13812345678' -> '138****5678'. Seven characters or fewer become all stars. */
export function maskPhone(phone: string): string {
  const national = /^(?:\+86|86)([0-9]{11})$/.exec(phone)?.[1] ?? phone;
  const chars = [...national];
  if (chars.length <= 7) return '*'.repeat(chars.length);
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
}
