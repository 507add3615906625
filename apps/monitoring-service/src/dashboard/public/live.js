import { api } from './api.js';

const POLL_MS = 30_000;
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/**
 * Alert updates: the server-sent alert stream when it is available (EventSource cannot send headers, so
 * it authenticates with a short-lived token got with the key), and polling of the open alerts as long as
 * the stream is not connected, so an outage of the stream never leaves the page stale.
 *
 * onAlert(alert) gets each streamed alert (with its `transition`); onResync() asks the page to reload the
 * open alerts (after every (re)connection and every poll); onState(state) reports
 * 'connecting' | 'live' | 'polling' | 'offline'.
 */
export function startAlertUpdates({ onAlert, onResync, onState }) {
  let source = null;
  let pollTimer = null;
  let retry = 0;
  let stopped = false;
  // The last event seen: a new connection (with a new token) resumes after it instead of losing the gap.
  let lastEventId = null;

  const startPolling = () => {
    if (pollTimer) return;
    pollTimer = setInterval(onResync, POLL_MS);
  };
  const stopPolling = () => {
    clearInterval(pollTimer);
    pollTimer = null;
  };

  const connect = async () => {
    if (stopped) return;
    onState('connecting');
    let token;
    try {
      ({ token } = await api.streamToken());
    } catch (err) {
      // 404: this service has no stream; anything else: try again later. Poll meanwhile either way.
      onState('polling');
      startPolling();
      if (err.status !== 404) schedule();
      return;
    }
    const resume = lastEventId ? `&lastEventId=${encodeURIComponent(lastEventId)}` : '';
    source = new EventSource(`/v1/alerts/stream?token=${encodeURIComponent(token)}${resume}`);
    source.addEventListener('open', () => {
      retry = 0;
      stopPolling();
      onState('live');
      onResync();
    });
    source.addEventListener('alert', (ev) => {
      if (ev.lastEventId) lastEventId = ev.lastEventId;
      try {
        onAlert(JSON.parse(ev.data));
      } catch {
        onResync();
      }
    });
    source.addEventListener('error', () => {
      // The token may have expired; a fresh connection needs a fresh token.
      source?.close();
      source = null;
      onState('offline');
      startPolling();
      schedule();
    });
  };

  const schedule = () => {
    const wait = RETRY_MS[Math.min(retry++, RETRY_MS.length - 1)];
    setTimeout(connect, wait);
  };

  void connect();
  return () => {
    stopped = true;
    source?.close();
    stopPolling();
  };
}
