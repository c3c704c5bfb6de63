import { chatApi } from './chat';
import { apiTools, type ApiHost, type Handler } from './common';
import { conversationsApi } from './conversations';
import { filesApi } from './files';
import { usersApi } from './users';
import { viewsApi } from './views';

export { ApiError, tsMicros, type ApiHost, type Handler } from './common';

/**
 * The Web API methods the bot calls, by family, and nothing else: anything else answers
 * `unknown_method`, so a new call in the bot fails its tests until the sim learns it.
 */
export function buildWebApi(host: ApiHost): Record<string, Handler> {
  const tools = apiTools(host);
  return {
    ...usersApi(host, tools),
    ...conversationsApi(host, tools),
    ...chatApi(host, tools),
    ...viewsApi(tools, host.homeTabEnabled),
    ...filesApi(host, tools),
  };
}
