import type { Logger } from '@slack/bolt';
import { LogLevel } from '@slack/bolt';

const ORDER: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 10,
  [LogLevel.INFO]: 20,
  [LogLevel.WARN]: 30,
  [LogLevel.ERROR]: 40,
};

// Tokens and secrets must never reach a log line, even inside an error message
// that a library built from request headers.
const SECRET_PATTERNS = [/xox[abposr]-[A-Za-z0-9-]+/g, /xapp-[A-Za-z0-9-]+/g];

export function redact(text: string): string {
  return SECRET_PATTERNS.reduce((acc, re) => acc.replace(re, '[redacted]'), text);
}

function render(part: unknown): string {
  if (part instanceof Error) return redact(part.stack ?? `${part.name}: ${part.message}`);
  if (typeof part === 'string') return redact(part);
  try {
    return redact(JSON.stringify(part));
  } catch {
    return String(part);
  }
}

/**
 * A small logger that satisfies Bolt's Logger interface, so the app, the
 * scheduler and the CLI share one format and one level (LOG_LEVEL).
 */
export class CadenceLogger implements Logger {
  private level: LogLevel;
  private name: string;

  constructor(
    level: LogLevel = LogLevel.INFO,
    name = 'cadence',
    private readonly sink: (line: string, level: LogLevel) => void = defaultSink,
  ) {
    this.level = level;
    this.name = name;
  }

  debug(...msg: unknown[]): void {
    this.write(LogLevel.DEBUG, msg);
  }
  info(...msg: unknown[]): void {
    this.write(LogLevel.INFO, msg);
  }
  warn(...msg: unknown[]): void {
    this.write(LogLevel.WARN, msg);
  }
  error(...msg: unknown[]): void {
    this.write(LogLevel.ERROR, msg);
  }
  setLevel(level: LogLevel): void {
    this.level = level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }

  private write(level: LogLevel, msg: unknown[]): void {
    if (ORDER[level] < ORDER[this.level]) return;
    const line = `${new Date().toISOString()} ${level.toUpperCase()} [${this.name}] ${msg.map(render).join(' ')}`;
    this.sink(line, level);
  }
}

function defaultSink(line: string, level: LogLevel): void {
  if (level === LogLevel.ERROR || level === LogLevel.WARN) process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

/** A logger that drops everything: tests that do not assert on logs use it to keep output readable. */
export function silentLogger(): CadenceLogger {
  return new CadenceLogger(LogLevel.ERROR, 'cadence', () => undefined);
}

/** LOG_LEVEL's lower-case names to Bolt's levels. */
export function logLevelOf(name: 'debug' | 'info' | 'warn' | 'error'): LogLevel {
  return { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR }[name];
}
