import { ConfigError, loadConfig, loadDotEnv } from './config';
import { connectDatabase, isPostgresUrl } from './db/client';
import { createLogger } from './logger';
import { createSlackApp, StartupError } from './slack/app';

/** The only wiring: config → database + migrations → Slack app → start; SIGTERM/SIGINT stop it. */
async function main(): Promise<void> {
  loadDotEnv();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(
        `warroom: ${error.message}\n` +
          'Set it in the environment or in a .env file (see README.md → Configuration), ' +
          'or try the bot without Slack: npm run demo\n',
      );
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    secrets: [config.slack.botToken, config.slack.signingSecret, config.slack.appToken].filter((s): s is string => !!s),
  });
  const postgres = isPostgresUrl(config.databaseLocation);
  const database = await connectDatabase(config.databaseLocation, { poolMax: config.databasePoolMax, log: logger.child({ component: 'db' }) });
  // Never the URL itself: it may carry a password.
  logger.info('db.ready', postgres ? { dialect: 'postgres', pool_max: config.databasePoolMax } : { dialect: 'sqlite', path: config.databaseLocation });

  let slack;
  try {
    slack = await createSlackApp({ config, database, logger });
  } catch (error) {
    await database.close();
    if (error instanceof StartupError) {
      process.stderr.write(`warroom: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  await slack.start();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('app.stopping', { signal });
    await slack.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`warroom: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
