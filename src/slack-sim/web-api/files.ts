import type { SimChannel } from '../types';
import { fillGeneratedIds } from '../view-state';
import { ApiError, int, required, str, type ApiHost, type ApiTools, type Handler } from './common';

/** What `files.uploadV2` does: get an upload URL, POST the bytes there, complete into a channel. */
export function filesApi(host: ApiHost, t: ApiTools): Record<string, Handler> {
  const { w, bot, channel, member, active } = t;
  return {
    'files.getUploadURLExternal': (args) => {
      const filename = required(args, 'filename');
      const length = int(args.length, -1);
      if (length < 0) throw new ApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: length'] } });
      const id = w.newId('F');
      w.pendingUploads.set(id, { id, filename, length });
      return { upload_url: `${host.baseUrl()}/upload/v1/${id}`, file_id: id };
    },

    'files.completeUploadExternal': (args) => {
      const files = args.files;
      if (!Array.isArray(files) || files.length === 0) {
        throw new ApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: files'] } });
      }
      let ch: SimChannel | undefined;
      const channelArg = str(args.channel_id) ?? str(args.channels);
      if (channelArg) {
        ch = channel({ channel: channelArg.split(',')[0] });
        active(ch);
        member(ch);
      }
      const pending = files.map((f: { id?: unknown; title?: unknown }) => {
        const p = w.pendingUploads.get(String(f?.id));
        if (!p || !p.bytes) throw new ApiError('file_not_found');
        return { p, title: str(f.title) ?? p.filename };
      });
      const initialComment = str(args.initial_comment);
      let threadTs = str(args.thread_ts);
      if (threadTs && ch && !w.findMessage(ch.id, threadTs)) threadTs = undefined;
      const created = pending.map(({ p, title }) => {
        w.pendingUploads.delete(p.id);
        const f = {
          id: p.id,
          name: p.filename,
          title,
          content: p.bytes!.toString('utf8'),
          bytes: p.bytes!,
          channels: ch ? [ch.id] : [],
          initialComment,
          threadTs,
          user: bot,
          created: Math.floor(Date.now() / 1000),
          url: `${host.baseUrl()}/files/${p.id}/${encodeURIComponent(p.filename)}`,
        };
        w.files.push(f);
        return f;
      });
      if (ch) {
        w.addMessage(ch.id, {
          user: bot,
          botId: w.botId,
          text: initialComment ?? '',
          blocks: Array.isArray(args.blocks) ? fillGeneratedIds(args.blocks) : undefined,
          threadTs,
          files: created.map((f) => ({ id: f.id, name: f.name, title: f.title, url: f.url })),
        });
      }
      return { files: created.map((f) => w.fileJson(f)) };
    },
  };
}
