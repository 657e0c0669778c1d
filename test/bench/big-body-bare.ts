// Baseline for the large-body cell: read the body, parse it, store it once in SQLite — nothing else.
// Prints {"growthMb": N}: the peak RSS growth of doing so.
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { memoryMb } from './procs.ts';

const [file, dbFile] = process.argv.slice(2);
const before = memoryMb(process.pid).hwm;
const raw = readFileSync(file);
const body = JSON.parse(raw.toString('utf8')) as { items: unknown[] };
const db = new Database(dbFile);
db.pragma('journal_mode = WAL');
db.exec('CREATE TABLE events (body BLOB)');
db.prepare('INSERT INTO events (body) VALUES (?)').run(raw);
db.close();
console.log(JSON.stringify({ growthMb: memoryMb(process.pid).hwm - before, items: body.items.length }));
