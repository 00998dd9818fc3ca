import { NotFoundError, REGION_NAMES, regionPrefix } from '@tiaojie/domain';
import type { Caller } from '@tiaojie/cases';

/**
 * Which part of the region tree a caller's figures cover: their organisation's region subtree, or a
 * region inside it they ask for. A region outside it answers 404, as everything out of scope does
 * (API.md "Conventions"): whether it has figures does not leak.
 */
export interface ReportScope {
  regionCode: string;
  prefix: string;
  name: string;
}

export function reportScope(caller: Pick<Caller, 'regionCode'>, requested?: string): ReportScope {
  if (!caller.regionCode) throw new NotFoundError('region');
  const own = regionPrefix(caller.regionCode);
  const regionCode = requested ?? caller.regionCode;
  const prefix = regionPrefix(regionCode);
  if (!prefix.startsWith(own)) throw new NotFoundError('region');
  return { regionCode, prefix, name: REGION_NAMES[regionCode] ?? regionCode };
}

/** The next level down, for `groupBy=region`: a city's counties, a county's townships, a township's villages. */
export function childRegionLength(prefix: string): number {
  if (prefix.length <= 2) return 4;
  if (prefix.length <= 4) return 6;
  if (prefix.length <= 6) return 9;
  return 12;
}
