/** The VM shell over a fake guest channel: pty size, resize, exit status, close. */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { GuestChannel } from '../../main/core/vm/guest-channel';
import type { TerminalExit } from '../../main/core/terminals/terminal-process';
import { openVmShell } from '../../main/core/terminals/vm-shell';

class FakeStream extends EventEmitter {
  readonly stderr = new EventEmitter();
  destroyed = false;
  written: string[] = [];
  windows: number[][] = [];
  closed = 0;
  write(data: string) {
    this.written.push(data);
    return true;
  }
  setWindow(rows: number, cols: number, height: number, width: number) {
    this.windows.push([rows, cols, height, width]);
  }
  pause() {}
  resume() {}
  close() {
    this.closed++;
    setImmediate(() => this.emit('close'));
  }
}

function fakeChannel() {
  const stream = new FakeStream();
  const asked: unknown[] = [];
  const channel = {
    shell: async (pty: unknown) => {
      asked.push(pty);
      return stream;
    },
  } as unknown as GuestChannel;
  return { channel, stream, asked };
}

describe('openVmShell', () => {
  it('asks for a pty of the given size, and forwards input, output and resizes', async () => {
    const { channel, stream, asked } = fakeChannel();
    const shell = await openVmShell(channel, { cols: 100, rows: 30 });
    expect(asked).toEqual([{ term: 'xterm-256color', cols: 100, rows: 30 }]);
    const output: string[] = [];
    shell.start({ data: (chunk) => output.push(chunk.toString()), exit: () => undefined });
    stream.emit('data', Buffer.from('root@berth:~# '));
    stream.stderr.emit('data', Buffer.from('warning'));
    shell.write('uname\r');
    await shell.resize(120, 40);
    expect(output).toEqual(['root@berth:~# ', 'warning']);
    expect(stream.written).toEqual(['uname\r']);
    expect(stream.windows).toEqual([[40, 120, 0, 0]]);
  });

  it("reports the shell's exit code, or a lost channel", async () => {
    for (const [events, expected] of [
      [[['exit', 4], ['close']], { exitCode: 4, reason: 'The VM shell exited with code 4.' }],
      [[['exit', null, 'KILL'], ['close']], { exitCode: null, reason: 'The VM shell ended by signal KILL.' }],
      [[['close']], { exitCode: null, reason: 'The guest channel to the VM closed.' }],
    ] as const) {
      const { channel, stream } = fakeChannel();
      const shell = await openVmShell(channel, { cols: 80, rows: 24 });
      const exits: TerminalExit[] = [];
      shell.start({ data: () => undefined, exit: (exit) => exits.push(exit) });
      for (const [name, ...args] of events) stream.emit(name, ...args);
      expect(exits).toEqual([expected]);
    }
  });

  it('closes the channel on close, waits for it, and reports no exit of its own', async () => {
    const { channel, stream } = fakeChannel();
    const shell = await openVmShell(channel, { cols: 80, rows: 24 });
    const exits: TerminalExit[] = [];
    shell.start({ data: () => undefined, exit: (exit) => exits.push(exit) });
    await shell.close();
    await shell.close();
    expect(stream.closed).toBe(1);
    expect(exits).toEqual([]);
  });
});
