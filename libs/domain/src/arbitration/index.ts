export {
  HUBEI_MINIMUM_WAGES,
  type MinimumWageMatch,
  type MinimumWageOn,
  type MinimumWageRow,
  MinimumWageTable,
  MinimumWageUnknownError,
} from './minimum-wage';
export {
  ART47_CATEGORY,
  ART47_MONTHS,
  art47Category,
  type Art47Category,
  type AwardFinality,
  type AwardFinalityBasis,
  type AwardFinalityContext,
  type AwardItemFinality,
  type AwardItemInput,
  decideAwardFinality,
} from './award-finality';
