/**
 * Output of the launcher: short `[start]` lines of its own, and the prefixed lines of the
 * processes it runs. Expected failures are LauncherErrors: a message and a hint, never a stack.
 */

/** A failure the user can act on: printed as its message and hint, without a stack trace. */
export class LauncherError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'LauncherError';
  }
}

const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

const COLORS = {
  dim: 2,
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
} as const;
export type Color = keyof typeof COLORS;

export function paint(color: Color, text: string): string {
  return useColor ? `\u001b[${COLORS[color]}m${text}\u001b[0m` : text;
}

const TAG = '[start]';

export const log = {
  info(message: string): void {
    process.stdout.write(`${paint('cyan', TAG)} ${message}\n`);
  },
  warn(message: string): void {
    process.stderr.write(`${paint('yellow', TAG)} ${paint('yellow', 'warning:')} ${message}\n`);
  },
  error(message: string, hint?: string): void {
    process.stderr.write(`${paint('red', TAG)} ${paint('red', 'error:')} ${message}\n`);
    if (hint) {
      for (const line of hint.split('\n')) process.stderr.write(`${paint('red', TAG)}   ${line}\n`);
    }
  },
  /** Lines kept from a process that failed, so the user sees why. */
  excerpt(name: string, lines: readonly string[]): void {
    if (lines.length === 0) return;
    process.stderr.write(`${paint('red', TAG)} last output of ${name}:\n`);
    for (const line of lines) process.stderr.write(`  ${paint('dim', '|')} ${line}\n`);
  },
  /** Writes several lines verbatim (the banner). */
  block(lines: readonly string[]): void {
    process.stdout.write(lines.join('\n') + '\n');
  },
};

/** A line-writer that prefixes each line with `[name]`, padded so that columns line up. */
export function prefixedWriter(name: string, color: Color, width: number): (line: string, stream: 'stdout' | 'stderr') => void {
  const tag = paint(color, `[${name}]`.padEnd(width + 2));
  return (line, stream) => {
    (stream === 'stderr' ? process.stderr : process.stdout).write(`${tag} ${line}\n`);
  };
}

/** Hides the password of a connection URL, for printing. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
  }
}
