import ICAL from 'ical.js';

/** A feed parsed back with ical.js, its own VTIMEZONE registered: what a calendar app sees. */
export interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
  status: string | null;
  sequence: number;
  start: Date;
  end: Date;
  tzid: string | null;
  /** Local wall-clock time in the event's zone, 'YYYY-MM-DD HH:mm'. */
  localStart: string;
  localEnd: string;
}

function local(t: ICAL.Time): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${p(t.month)}-${p(t.day)} ${p(t.hour)}:${p(t.minute)}`;
}

export function parseFeed(text: string): { name: string | null; events: ParsedEvent[]; timezones: string[] } {
  const root = new ICAL.Component(ICAL.parse(text));
  const timezones: string[] = [];
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tz = new ICAL.Timezone(vtz);
    ICAL.TimezoneService.register(tz, tz.tzid);
    timezones.push(tz.tzid);
  }
  const events = root.getAllSubcomponents('vevent').map((c): ParsedEvent => {
    const e = new ICAL.Event(c);
    const str = (name: string): string | null => {
      const v = c.getFirstPropertyValue(name);
      return v === null || v === undefined ? null : String(v);
    };
    return {
      uid: e.uid,
      summary: e.summary,
      description: e.description ?? '',
      location: e.location ?? null,
      url: str('url'),
      status: str('status'),
      sequence: e.sequence,
      start: e.startDate.toJSDate(),
      end: e.endDate.toJSDate(),
      tzid: c.getFirstProperty('dtstart')?.getParameter('tzid')?.toString() ?? null,
      localStart: local(e.startDate),
      localEnd: local(e.endDate),
    };
  });
  const name = root.getFirstPropertyValue('x-wr-calname');
  return { name: name === null ? null : String(name), events, timezones };
}
