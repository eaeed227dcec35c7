import { ConstantBackoff } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { TransientChannelError } from '../domain/channel-adapter.js';
import { withChannelRetry } from './with-channel-retry.js';

const noPause = new ConstantBackoff(0);

/** A call that fails with `errors` in turn, then answers 'ok'; counts its attempts. */
function flaky(...errors: Error[]) {
  const call = async () => {
    call.attempts++;
    const error = errors.shift();
    if (error) throw error;
    return 'ok';
  };
  call.attempts = 0;
  return call;
}

describe('withChannelRetry', () => {
  it('retries transient channel failures until the call succeeds', async () => {
    const call = flaky(new TransientChannelError('503'), new TransientChannelError('429'));
    await expect(withChannelRetry(call, noPause)).resolves.toBe('ok');
    expect(call.attempts).toBe(3);
  });

  it('gives up after four attempts and passes the last transient error on', async () => {
    const call = flaky(...Array.from({ length: 5 }, (_, i) => new TransientChannelError(`#${i}`)));
    await expect(withChannelRetry(call, noPause)).rejects.toThrow('#3');
    expect(call.attempts).toBe(4);
  });

  it('does not retry any other error', async () => {
    const call = flaky(new Error('invalid targeting'));
    await expect(withChannelRetry(call, noPause)).rejects.toThrow('invalid targeting');
    expect(call.attempts).toBe(1);
  });
});
