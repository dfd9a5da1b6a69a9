import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/service-process';

const run = promisify(execFile);

/** The installed PostgreSQL server binaries: PG_BIN, else the newest /usr/lib/postgresql/<major>/bin, else pg_config --bindir. */
async function serverBinaries(): Promise<string> {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (majors.length > 0) return join(root, majors[0], 'bin');
  }
  const { stdout } = await run('pg_config', ['--bindir']);
  return stdout.trim();
}

/**
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl from the installed server
 * binaries, a temporary data directory, a free port on 127.0.0.1, trust authentication), so a
 * test can stop and restart it without disturbing the tests that share the machine's server.
 * PostgreSQL refuses to run as root: when the tests run as root, the cluster belongs to and
 * runs as the `postgres` system user (PG_USER to choose another), through runuser.
 */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly bin: string,
    private readonly osUser: string | undefined,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const bin = await serverBinaries();
    const dir = mkdtempSync(join(tmpdir(), 'pg-private-'));
    const osUser = process.getuid?.() === 0 ? process.env.PG_USER ?? 'postgres' : undefined;
    if (osUser) {
      const { stdout } = await run('id', ['-u', osUser]);
      const { stdout: gid } = await run('id', ['-g', osUser]);
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    chmodSync(dir, 0o700);
    const pg = new PrivatePostgres(await freePort(), dir, bin, osUser);
    await pg.exec('initdb', ['-D', pg.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    return pg;
  }

  private get dataDir() {
    return join(this.dir, 'data');
  }

  private exec(tool: string, args: string[]) {
    const path = join(this.bin, tool);
    return this.osUser ? run('runuser', ['-u', this.osUser, '--', path, ...args], { cwd: this.dir }) : run(path, args, { cwd: this.dir });
  }

  /** postgres://postgres@127.0.0.1:<port>/postgres */
  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** Starts the server and waits until it accepts connections (pg_ctl -w). */
  async start(): Promise<void> {
    // fsync off: a test cluster; an immediate stop is a crash of PostgreSQL, not of the machine, so nothing written is lost
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off -c max_connections=100`;
    await this.exec('pg_ctl', ['-D', this.dataDir, '-l', join(this.dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  }

  /** Stops the server; `immediate` aborts every backend without a checkpoint, as a crash would (recovery replays the WAL at the next start). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.exec('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  get log(): string {
    return existsSync(join(this.dir, 'server.log')) ? readFileSync(join(this.dir, 'server.log'), 'utf8') : '';
  }

  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Who runs the server (for the report). */
  get runsAs(): string {
    return this.osUser ?? userInfo().username;
  }
}
