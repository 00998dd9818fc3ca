/** An instant as ISO 8601 in Asia/Shanghai (UTC+8, no daylight saving): legal dates read as the law counts them. */
export function toShanghaiIso(instant: Date): string {
  const shifted = new Date(instant.getTime() + 8 * 3600_000);
  return shifted.toISOString().replace('Z', '+08:00');
}
