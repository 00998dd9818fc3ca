/** ISO 8601 durations of weeks, days, hours, minutes and seconds (`P16D`, `PT2H30M`, `P1W`) in ms; null if not one. */
export function parseIsoDuration(s: string): number | null {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(s);
  if (!m || s === 'P' || s.endsWith('T')) return null;
  const [, w, d, h, min, sec] = m;
  const ms = (Number(w ?? 0) * 7 * 86400 + Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(sec ?? 0)) * 1000;
  return Number.isFinite(ms) && ms <= 100 * 365 * 86400_000 ? Math.round(ms) : null;
}
