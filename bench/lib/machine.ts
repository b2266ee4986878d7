import { execFileSync } from 'node:child_process';
import { cpus, release, totalmem, platform, arch } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  release: string;
  arch: string;
}

export interface GitInfo {
  commit: string;
  dirty: boolean;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: totalmem() / 1024 ** 3,
    platform: platform(),
    release: release(),
    arch: arch(),
  };
}

/** The commit the benchmarked code came from; "unknown" outside a git checkout. */
export function gitInfo(cwd: string): GitInfo {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // Reports under bench/results/ change on every run; they do not make the measured code dirty.
    const status = execFileSync('git', ['status', '--porcelain', '--', '.', ':(exclude)bench/results'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    return { commit, dirty: status.length > 0 };
  } catch {
    return { commit: 'unknown', dirty: false };
  }
}
