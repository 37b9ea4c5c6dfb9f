import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findAlertmanagerBinary } from '../../helpers/real-alertmanager.ts';

const dir = mkdtempSync(join(tmpdir(), 'alertgate-am-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('finding the Alertmanager the silence tests run against', () => {
  it('fails, saying how to install it, when it is not installed', () => {
    expect(() => findAlertmanagerBinary({ PATH: '/nonexistent' }, [])).toThrow(
      /Alertmanager is not installed.*sudo apt-get install -y prometheus-alertmanager/,
    );
  });

  it('fails when ALERTMANAGER_BIN names no executable, rather than using another binary', () => {
    expect(() => findAlertmanagerBinary({ ALERTMANAGER_BIN: '/nonexistent/alertmanager', PATH: '/usr/bin' })).toThrow(
      /ALERTMANAGER_BIN=\/nonexistent\/alertmanager is not an executable file/,
    );
  });

  it('finds an executable named alertmanager on PATH', () => {
    const binary = join(dir, 'alertmanager');
    writeFileSync(binary, '#!/bin/sh\n');
    chmodSync(binary, 0o755);

    expect(findAlertmanagerBinary({ PATH: `/nonexistent:${dir}` }, [])).toBe(binary);
  });
});
