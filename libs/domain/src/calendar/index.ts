export {
  LegalCalendar,
  MAX_PERIOD_LENGTH,
  type ComputedDue,
  type DayKind,
  type HolidaySource,
  type HolidayTable,
  type PeriodUnit,
} from './legal-calendar';
export {
  ChineseDaysHolidaySource,
  VERIFIED_HOLIDAY_YEARS,
  type ChineseDaysHolidaySourceOptions,
} from './chinese-days.holiday-source';
export { isIsoDate } from './civil-date';
