/** The time, ticking every second, for countdowns and "3m ago". */
import { useEffect, useState } from 'preact/hooks';

export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
