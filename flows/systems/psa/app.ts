import { z } from 'zod';
import { Hono } from 'hono';
import { readJson, readQuery } from '../kit/body.ts';
import { conflict, invalid, notFound } from '../kit/errors.ts';
import { nextId } from '../kit/ids.ts';
import type { System, SystemDef } from '../kit/system.ts';
import type { SysEnv } from '../kit/types.ts';
import {
  assignmentCreate,
  byProject,
  changesQuery,
  milestoneCreate,
  projectCreate,
  projectQuery,
  timeEntryCreate,
  timeQuery,
} from './schemas.ts';
import { changesSince } from './changes.ts';
import { seedPsa, type Assignment, type Milestone, type Project, type PsaStore, type TimeEntry } from './types.ts';

const where = <T extends object>(items: Iterable<T>, q: Record<string, string | undefined>): T[] =>
  [...items].filter((x) =>
    Object.entries(q).every(([k, v]) => v === undefined || (x as Record<string, unknown>)[k] === v),
  );

function routes(sys: System<PsaStore>): Hono<SysEnv> {
  const api = new Hono<SysEnv>();
  const s = sys.store;
  const now = () => new Date(sys.clock.now()).toISOString();

  api.get('/projects', (c) => c.json({ projects: where(s.projects.values(), readQuery(c, projectQuery)) }));
  api.get('/projects/:code', (c) => {
    const p = s.projects.get(c.req.param('code'));
    if (!p) throw notFound('project', c.req.param('code'));
    return c.json(p);
  });
  type ProjectInput = z.infer<typeof projectCreate>;
  /** Checks a new project against the store (parents may also come earlier in the same batch). */
  const checkProject = (b: ProjectInput, earlier: ProjectInput[] = []) => {
    if (b.parentCode !== null && !s.projects.has(b.parentCode) && !earlier.some((x) => x.code === b.parentCode))
      throw invalid('project is invalid', [
        { field: 'parentCode', message: `unknown parent project "${b.parentCode}"` },
      ]);
    const existing = s.projects.get(b.code);
    if (existing) throw conflict('project_exists', `project "${b.code}" already exists`, { project: existing });
    if (earlier.some((x) => x.code === b.code))
      throw invalid('projects are invalid', [{ field: 'projects', message: `code "${b.code}" appears twice` }]);
  };
  const insertProject = (b: ProjectInput) => {
    const p: Project = { projectId: nextId(s.seq, 'project', 'PSA-'), ...b };
    s.projects.set(p.code, p);
    return p;
  };
  api.post('/projects', async (c) => {
    const b = await readJson(c, projectCreate);
    checkProject(b);
    return c.json(insertProject(b), 201);
  });
  /** Several projects (e.g. one per workstream) at once: all are created, or none. */
  api.post('/projects/batch', async (c) => {
    const { projects } = await readJson(c, z.object({ projects: z.array(projectCreate).min(1).max(100) }));
    for (const [i, b] of projects.entries()) checkProject(b, projects.slice(0, i));
    return c.json({ projects: projects.map(insertProject) }, 201);
  });

  api.get('/assignments', (c) => c.json({ assignments: where(s.assignments.values(), readQuery(c, byProject)) }));
  api.post('/assignments', async (c) => {
    const a: Assignment = { id: nextId(s.seq, 'assignment', 'AS-'), ...(await readJson(c, assignmentCreate)) };
    s.assignments.set(a.id, a);
    return c.json(a, 201);
  });

  api.get('/time-entries', (c) => {
    const { from, to, ...q } = readQuery(c, timeQuery);
    if (from !== undefined && to !== undefined && from > to)
      throw invalid('query is invalid', [
        { field: 'to', message: `the period ends (${to}) before it starts (${from})` },
      ]);
    const inPeriod = (t: TimeEntry) => (from === undefined || t.date >= from) && (to === undefined || t.date <= to);
    return c.json({ timeEntries: where(s.timeEntries.values(), q).filter(inPeriod) });
  });
  /** Entries changed since a cursor, for polling: ordered by (updatedAt, id), each with its version. */
  api.get('/time-entries/changes', (c) => c.json(changesSince(s.timeEntries.values(), readQuery(c, changesQuery))));
  api.post('/time-entries', async (c) => {
    const t: TimeEntry = {
      id: nextId(s.seq, 'timeEntry', 'TE-'),
      ...(await readJson(c, timeEntryCreate)),
      status: 'submitted',
      updatedAt: now(),
      version: 1,
    };
    s.timeEntries.set(t.id, t);
    return c.json(t, 201);
  });
  api.post('/time-entries/:id/approve', (c) => {
    const t = s.timeEntries.get(c.req.param('id'));
    if (!t) throw notFound('time entry', c.req.param('id'));
    if (t.status === 'approved')
      throw conflict('invalid_state', `time entry "${t.id}" is already approved`, { timeEntry: t });
    t.status = 'approved';
    t.updatedAt = now();
    t.version++;
    sys.emit('psa/time-approved', 'time.approved', { timeEntry: t });
    return c.json(t);
  });

  api.get('/milestones', (c) => c.json({ milestones: where(s.milestones.values(), readQuery(c, byProject)) }));
  api.post('/milestones', async (c) => {
    const m: Milestone = {
      id: nextId(s.seq, 'milestone', 'MS-'),
      ...(await readJson(c, milestoneCreate)),
      status: 'open',
      acceptedAt: null,
    };
    s.milestones.set(m.id, m);
    return c.json(m, 201);
  });
  api.post('/milestones/:id/accept', (c) => {
    const m = s.milestones.get(c.req.param('id'));
    if (!m) throw notFound('milestone', c.req.param('id'));
    if (m.status === 'accepted')
      throw conflict('invalid_state', `milestone "${m.id}" is already accepted`, { milestone: m });
    m.status = 'accepted';
    m.acceptedAt = now();
    sys.emit('psa/milestone-accepted', 'milestone.accepted', { milestone: m });
    return c.json(m);
  });
  return api;
}

export const psa: SystemDef<PsaStore> = {
  name: 'psa',
  basePath: '/v1',
  seed: seedPsa,
  counts: (s) => ({
    projects: s.projects.size,
    assignments: s.assignments.size,
    timeEntries: s.timeEntries.size,
    milestones: s.milestones.size,
  }),
  routes,
};
