import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_CATALOGUE, renderEventsDoc } from '@inclusion/contracts';

writeFileSync(join(__dirname, '..', '..', 'docs', 'events.md'), renderEventsDoc(EVENT_CATALOGUE));
