import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

/** How log lines look: JSON (one object a line, for machines), pretty (for a person), or auto (pretty on a terminal). */
export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * One logger per process; secrets are redacted wherever they appear in a logged object. Lines go to
 * `destination` as JSON when it is a stream; else to stdout (or stderr), pretty on a terminal and
 * JSON otherwise (`format`, from LOG_FORMAT, overrides).
 */
export function createLogger(level: string, destination?: DestinationStream | 'stderr', format: LogFormat = 'auto'): Logger {
  const options = {
    level,
    redact: {
      paths: [
        'password',
        '*.password',
        'NEO4J_PASSWORD',
        '*.NEO4J_PASSWORD',
        'token',
        '*.token',
        'authorization',
        '*.authorization',
        'headers.authorization',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  };
  if (destination !== undefined && destination !== 'stderr') return pino(options, destination);
  const fd = destination === 'stderr' ? 2 : 1;
  const tty = (fd === 2 ? process.stderr : process.stdout).isTTY === true;
  const human = format === 'pretty' || (format === 'auto' && tty);
  if (!human) return pino(options, pino.destination({ fd, sync: true }));
  // Synchronous, in this thread: a line is on the terminal before the next step starts (no worker).
  const stream = pretty({
    destination: fd,
    sync: true,
    colorize: tty,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,phase',
    singleLine: true,
  });
  return pino(options, stream);
}
export type { Logger };
