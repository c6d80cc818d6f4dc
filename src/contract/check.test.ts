import { describe, expect, it } from 'vitest';
import { CONTRACT_ADDITIONS } from './additions.ts';
import { assertHostContract, contractGaps, HostContractError, hostGives, isCompatibleVersion, versionProblem } from './check.ts';
import { CONTRACT_VERSION } from './host.ts';

const info = (contractVersion: string) => ({ name: 'a panel', contractVersion, mounts: { web: '/clusters', api: '/api/v1/clusters' } });

function mountError(contractVersion: string): HostContractError {
  try {
    assertHostContract({}, info(contractVersion));
  } catch (error) {
    if (error instanceof HostContractError) return error;
    throw error;
  }
  throw new Error('the check let an empty host through');
}

describe('contract version at mount time', () => {
  it('takes the same major, whatever the minor: what a minor adds for hosts is optional', () => {
    expect(isCompatibleVersion('1.2.0', '1.2.0')).toBe(true);
    expect(isCompatibleVersion('1.3.1', '1.2.0')).toBe(true);
    expect(isCompatibleVersion('1.1.9', '1.2.0')).toBe(true);
    expect(isCompatibleVersion('2.2.0', '1.2.0')).toBe(false);
    expect(isCompatibleVersion('1', '1.2.0')).toBe(false);
  });

  it('tells a host on an older minor what each newer minor added', () => {
    expect(contractGaps('1.0.0', '1.2.0')).toEqual([`1.1: ${CONTRACT_ADDITIONS['1.1']}`, `1.2: ${CONTRACT_ADDITIONS['1.2']}`]);
    expect(contractGaps('1.1.3', '1.2.0')).toEqual([`1.2: ${CONTRACT_ADDITIONS['1.2']}`]);
    expect(contractGaps('1.2.0', '1.2.0')).toEqual([]);
    expect(contractGaps('2.0.0', '1.2.0')).toEqual([]);
  });

  it('names the version and the missing services in the one error', () => {
    const { message, problems } = mountError('2.1.0');
    expect(message).toContain(`the host does not meet the clusters plugin contract ${CONTRACT_VERSION}`);
    expect(problems[0]).toBe(`contract version 2.1.0 is not compatible with ${CONTRACT_VERSION}`);
    expect(message).toContain('missing services: servers, auth, notifications, crypto, layout, database, logger, applications');
    expect(mountError('1.1.0').problems).toEqual(['missing services: servers, auth, notifications, crypto, layout, database, logger, applications']);
  });

  it('says whether a host gives what a minor added: its minor or a later one, of the same major', () => {
    expect(hostGives('1.4.0', '1.4')).toBe(true);
    expect(hostGives('1.5.2', '1.4')).toBe(true);
    expect(hostGives('1.3.9', '1.4')).toBe(false);
    expect(hostGives('2.4.0', '1.4')).toBe(false);
    expect(hostGives('latest', '1.4')).toBe(false);
  });

  it('calls another major incompatible, without a list of additions', () => {
    expect(versionProblem('2.0.0', '1.2.0')).toBe('contract version 2.0.0 is not compatible with 1.2.0');
    expect(versionProblem('one', '1.2.0')).toBe('contract version one is not compatible with 1.2.0');
  });

  it('has a line for every minor up to the current one', () => {
    const [major, minor] = CONTRACT_VERSION.split('.').map(Number) as [number, number];
    const minors = Array.from({ length: minor }, (_, i) => `${major}.${i + 1}`);
    expect(Object.keys(CONTRACT_ADDITIONS)).toEqual(minors);
  });
});
