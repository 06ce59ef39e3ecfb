/**
 * Native converters run one process per job (sanitizer.md §12): inside bubblewrap when the kernel allows it (network,
 * IPC, PID, UTS namespaces unshared; read-only system binds; only the job directory writable; --die-with-parent),
 * otherwise as a plain child process. Both ways get prlimit (address space, CPU, file size, open files), a private
 * temporary directory, a clean environment and a wall-clock timeout that kills the whole process group.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunLimits {
  timeoutMs: number;
  /** address space, bytes */
  memoryBytes: number;
  /** largest file the job may write, bytes */
  fileBytes: number;
  cpuSeconds?: number;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
}

let bwrapOk: boolean | null = null;

/** Whether bubblewrap works here (it needs unprivileged user namespaces or root). Cached. */
export function bubblewrapAvailable(): boolean {
  if (process.env.MAMORI_SANDBOX === 'process') return false;
  if (bwrapOk === null) {
    const r = spawnSync(
      'bwrap',
      ['--unshare-all', '--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', 'true'],
      {
        timeout: 5000,
        stdio: 'ignore',
      },
    );
    bwrapOk = r.status === 0;
  }
  return bwrapOk;
}

export function commandAvailable(cmd: string): boolean {
  return ['/usr/bin', '/bin', '/usr/local/bin'].some((d) => existsSync(join(d, cmd)));
}

/** A private job directory, removed by the returned cleanup function. */
export async function jobDir(prefix = 'mamori-job-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(process.env.MAMORI_TMPDIR ?? tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

const RO_BINDS = [
  '/usr',
  '/etc/fonts',
  '/etc/ld.so.cache',
  '/etc/libreoffice',
  '/etc/alternatives',
  '/etc/passwd',
  '/etc/group',
  '/etc/localtime',
];

function bwrapArgs(dir: string): string[] {
  const args = ['--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL'];
  for (const p of RO_BINDS) if (existsSync(p)) args.push('--ro-bind', p, p);
  for (const l of ['lib', 'lib64', 'bin', 'sbin'])
    if (existsSync(`/usr/${l}`)) args.push('--symlink', `usr/${l}`, `/${l}`);
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp', '--bind', dir, dir, '--chdir', dir);
  return args;
}

/** Run `cmd args` confined to `dir` (the only writable place). Never throws for a failing command. */
export function runConfined(cmd: string, args: string[], dir: string, limits: RunLimits): Promise<RunResult> {
  const cpu = limits.cpuSeconds ?? Math.ceil(limits.timeoutMs / 1000) + 5;
  const prlimit = [
    `--as=${limits.memoryBytes}`,
    `--cpu=${cpu}`,
    `--fsize=${limits.fileBytes}`,
    '--nofile=512',
    '--core=0',
    '--',
  ];
  const inner = ['prlimit', ...prlimit, cmd, ...args];
  const useBwrap = bubblewrapAvailable();
  const argv = useBwrap ? ['bwrap', ...bwrapArgs(dir), ...inner] : inner;
  const env = { PATH: '/usr/bin:/bin', HOME: dir, TMPDIR: dir, LANG: 'C.UTF-8', SAL_USE_VCLPLUGIN: 'svp' };
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < 65536) stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 65536) stderr += d.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, limits.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, timedOut, stdout, stderr: `${stderr}${err.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, stderr });
    });
  });
}
