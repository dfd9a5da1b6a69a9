import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signToken } from '@inclusion/access';
import { ACTOR_ROLES, ActorRole } from '@inclusion/contracts';

/**
 * `npm run token -- <institution> <user> [role] [expiresIn]`: a token for a demo institution of
 * infra/institutions.dev.json, signed with its development key (infra/dev-keys). Local use only.
 */
async function main() {
  const [institutionId, userId, role = 'technician', expiresIn = '8h'] = process.argv.slice(2);
  if (!institutionId || !userId || !(ACTOR_ROLES as readonly string[]).includes(role)) {
    process.stderr.write(`usage: npm run token -- <institution> <user> [${ACTOR_ROLES.join('|')}] [expiresIn]\n`);
    process.exit(2);
  }
  const key = readFileSync(join(__dirname, '..', '..', 'infra', 'dev-keys', `${institutionId}.pem`), 'utf8');
  process.stdout.write(`${await signToken(institutionId, key, { userId, role: role as ActorRole, expiresIn })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
