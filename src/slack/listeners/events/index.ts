import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps';
import { handleMemberJoined, handlePinAdded, handlePinRemoved, handleReactionAdded, handleReactionRemoved } from './marks';
import { createMessageIngest } from './messages';

/** Events API listeners. */
export function registerEvents(app: App, deps: ListenerDeps): void {
  // `message` events (message.channels, message.groups) go through global middleware, not a
  // listener: see createMessageIngest for why, and add any other message handling there.
  const messages = createMessageIngest(deps);
  app.use(messages.middleware);
  app.event('pin_added', handlePinAdded(deps, messages.flush));
  app.event('pin_removed', handlePinRemoved(deps));
  app.event('reaction_added', handleReactionAdded(deps, messages.flush));
  app.event('reaction_removed', handleReactionRemoved(deps));
  app.event('member_joined_channel', handleMemberJoined(deps));
}
