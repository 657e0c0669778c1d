/** A consultant booking time on a project workstream. */
export interface Booker {
  consultant: string;
  role: string;
  projectCode: string;
}

export interface PlannedEntry extends Booker {
  date: string;
  hours: number;
  billable: boolean;
  notes: string;
}

const NOTES = [
  'Workshops with the client team',
  'Process mapping',
  'Requirements review',
  'Configuration',
  'Status meeting and follow-ups',
  'Testing support',
  'Documentation',
];

/** The consultants of a time-and-materials project (two workstreams) and of a milestone project. */
export function team(tmProject: string, milestoneProject: string): Booker[] {
  return [
    { consultant: 'Priya Raman', role: 'Partner', projectCode: `${tmProject}/WS-A` },
    { consultant: 'Ana Torres', role: 'Consultant', projectCode: `${tmProject}/WS-A` },
    { consultant: 'Tom Becker', role: 'Consultant', projectCode: `${tmProject}/WS-B` },
    { consultant: 'Mei Lin', role: 'Analyst', projectCode: `${tmProject}/WS-B` },
    { consultant: 'Jonas Weber', role: 'Consultant', projectCode: `${milestoneProject}/WS-A` },
  ];
}

/** Deterministic pseudo-random numbers, so every demo day looks the same. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` time entries over working days from `start`, in quarter hours, about one in ten non-billable. */
export function planTimeEntries(bookers: Booker[], count: number, start: string, seed = 7): PlannedEntry[] {
  const random = mulberry32(seed);
  const out: PlannedEntry[] = [];
  const day = new Date(start + 'T00:00:00Z');
  while (out.length < count) {
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6) {
      for (const b of bookers) {
        if (out.length >= count) break;
        const hours = Math.round((1 + random() * 7) * 4) / 4;
        out.push({
          ...b,
          date: day.toISOString().slice(0, 10),
          hours,
          billable: random() > 0.1,
          notes: NOTES[Math.floor(random() * NOTES.length)],
        });
      }
    }
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return out;
}
