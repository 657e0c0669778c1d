import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from './poll.ts';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';

/** A real OpenSSH server on 127.0.0.1 serving SFTP out of a temporary folder, for one test file. */
export interface SftpServer {
  port: number;
  /** The local folder the SFTP session starts in, and the connection's base folder. */
  root: string;
  /** The connection base URL that reaches `root`. */
  url: string;
  username: string;
  /** The user's private key (OpenSSH form), accepted by the server. */
  privateKey: string;
  /** A key the server does not know. */
  strangerKey: string;
  /** Local path of a file under the served folder. */
  local(path: string): string;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function keyPair(path: string): Promise<string> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'weft-test', '-f', path]);
  return readFile(path, 'utf8');
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString('latin1').startsWith('SSH-'));
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `sshd -D -f <own config>` on a free high port with a throw-away host key and user key; the SFTP
 * subsystem is internal-sftp (forced, so the key opens nothing else), started in a temporary folder. A chroot
 * would need every folder above it owned by root and closed to others, which /tmp is not.
 */
export async function startSftpServer(): Promise<SftpServer> {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} is missing: apt-get install -y openssh-server`);
  const home = await mkdtemp(join(tmpdir(), 'weft-sshd-'));
  const keys = join(home, 'keys');
  const root = join(home, 'root');
  await mkdir(keys, { mode: 0o700 });
  await mkdir(root, { mode: 0o755 });
  await chmod(home, 0o755);
  await keyPair(join(keys, 'host'));
  const privateKey = await keyPair(join(keys, 'user'));
  const strangerKey = await keyPair(join(keys, 'stranger'));
  await writeFile(join(keys, 'authorized_keys'), await readFile(join(keys, 'user.pub')), { mode: 0o600 });
  const user = userInfo();
  // sshd started by root separates privileges into this directory (the package creates it at boot only).
  if (user.uid === 0) await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const port = await freePort();
  const config = [
    `ListenAddress 127.0.0.1:${port}`,
    `HostKey ${join(keys, 'host')}`,
    `PidFile ${join(home, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(keys, 'authorized_keys')}`,
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password',
    'StrictModes no',
    'UsePAM no',
    'LogLevel ERROR',
    'MaxStartups 100',
    'MaxSessions 100',
    `Subsystem sftp internal-sftp -d ${root}`,
    `ForceCommand internal-sftp -d ${root}`,
  ];
  await writeFile(join(home, 'sshd_config'), `${config.join('\n')}\n`);
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', join(home, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const close = async () => {
    if (!exited) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
    await rm(home, { recursive: true, force: true });
  };
  try {
    await eventually(
      async () => {
        if (exited) throw new Error(`sshd exited: ${stderr.trim()}`);
        return answers(port);
      },
      `sshd on 127.0.0.1:${port} to answer`,
      10_000,
    );
  } catch (err) {
    await close();
    throw err;
  }
  return {
    port,
    root,
    url: `sftp://127.0.0.1:${port}${root}`,
    username: user.username,
    privateKey,
    strangerKey,
    local: (path) => join(root, path),
    close,
  };
}

/** The input of a connection that reaches `server` as its user with `privateKey` (the user's key unless given). */
export function sftpConnectionInput(server: SftpServer, id: string, privateKey = server.privateKey) {
  return {
    id,
    name: `SFTP ${id}`,
    baseUrl: server.url,
    auth: { type: 'ssh_key' as const, username: server.username, privateKey },
    allowPrivate: true,
  };
}
