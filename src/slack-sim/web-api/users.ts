import { ApiError, type ApiHost, type ApiTools, type Handler } from './common';

/** auth.test, apps.connections.open and users.info: who the bot is and who others are. */
export function usersApi(host: ApiHost, t: ApiTools): Record<string, Handler> {
  const { w, bot, userArg } = t;
  return {
    'auth.test': () => ({
      url: `https://${w.teamDomain}.slack.com/`,
      team: w.teamName,
      user: w.users.get(bot)?.name ?? 'incident-bot',
      team_id: w.teamId,
      user_id: bot,
      bot_id: w.botId,
      is_enterprise_install: false,
    }),

    'apps.connections.open': (_args, token) => {
      if (token !== 'app') throw new ApiError('not_allowed_token_type');
      return { url: host.socketUrl() };
    },

    /** `is_bot` is true for the app's own user and for other apps' bot users. */
    'users.info': (args) => {
      const id = userArg(args);
      return { user: w.userJson(w.users.get(id)!) };
    },
  };
}
