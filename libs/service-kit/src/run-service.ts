import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

const STOP_TIMEOUT_MS = 15_000;

/** Starts a built app on its port; a failure to start ends the process with the reason. */
export function runService(name: string, start: () => Promise<{ app: NestFastifyApplication; port: number; host: string }>): void {
  const logger = new Logger(name);
  start()
    .then(async ({ app, port, host }) => {
      // Ctrl-C or a container stop: finish in-flight requests, close connections, exit 0.
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.log(`${signal}: stopping`);
        // A long figures pass or a stuck broker must not keep a stopped service alive.
        setTimeout(() => {
          logger.error(`not stopped after ${STOP_TIMEOUT_MS} ms: exiting`);
          process.exit(1);
        }, STOP_TIMEOUT_MS).unref();
        app
          .close()
          .then(() => {
            logger.log('stopped');
            process.exit(0);
          })
          .catch((err: Error) => {
            logger.error(`unclean stop: ${err.message}`);
            process.exit(1);
          });
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      await app.listen(port, host);
      logger.log(`listening on http://${host}:${port} (OpenAPI at /docs)`);
    })
    .catch((err: Error) => {
      logger.error(`failed to start: ${err.message}`, err.stack);
      process.exit(1);
    });
}

/** Runs a one-shot command (migrations, set-up) and exits with its outcome. */
export function runCommand(name: string, work: () => Promise<string>): void {
  const logger = new Logger(name);
  work()
    .then((message) => {
      logger.log(message);
      process.exit(0);
    })
    .catch((err: Error) => {
      logger.error(`failed: ${err.message}`);
      process.exit(1);
    });
}
