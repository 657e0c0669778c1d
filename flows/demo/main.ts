import { parseArgs } from 'node:util';
import { runDemoDay } from './demo-day.ts';

/** npm run demo:traffic [-- --weft http://127.0.0.1:8080 --systems http://127.0.0.1:4100 --time-entries 300 --token <API token>] (or WEFT_TOKEN) */
const { values } = parseArgs({
  options: {
    weft: { type: 'string', default: 'http://127.0.0.1:8080' },
    systems: { type: 'string', default: 'http://127.0.0.1:4100' },
    'time-entries': { type: 'string', default: '300' },
    token: { type: 'string', default: process.env.WEFT_TOKEN },
  },
});
const timeEntries = Number(values['time-entries']);
if (!values.token) {
  console.error(
    'an API token is needed to read run counts: create one under Users & tokens in the designer, then pass --token or set WEFT_TOKEN',
  );
  process.exit(2);
}
if (!Number.isInteger(timeEntries) || timeEntries < 0) {
  console.error(`--time-entries must be a whole number, got "${values['time-entries']}"`);
  process.exit(2);
}
try {
  await runDemoDay({
    weftUrl: values.weft!,
    systemsUrl: values.systems!,
    weftToken: values.token,
    timeEntries,
    log: (l) => console.log(l),
  });
} catch (err) {
  console.error(`demo traffic stopped: ${(err as Error).message}`);
  process.exit(1);
}
