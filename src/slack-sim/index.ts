export { SlackSim } from './sim';
export { signRequest, type SlackSignatureHeaders } from './signing';
export { validateMessageBlocks, validateView } from './block-kit';
export { API_LIMITS, BLOCK_LIMITS } from './limits';
export { DEFAULT_USERS } from './world';
export type {
  BotAnswer,
  FailureSpec,
  RecordedCall,
  ResponseUrlPost,
  SimChannel,
  SimEphemeral,
  SimFile,
  SimFileRef,
  SimMessage,
  SimUser,
  SimView,
  SlackSimOptions,
} from './types';
