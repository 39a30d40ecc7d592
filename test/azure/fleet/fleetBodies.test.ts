/** Fleet Manager bodies parsed at the boundary (fleetBodies.ts): the 2026-06-01 update run example, and clear errors. */
import { gateFromBody, updateRunFromBody } from '../../../src/azure/fleet/fleetBodies';
import { specExample } from '../../../simulator/specExamples';
import { thrownInputError } from '../../support/thrownInputError';

describe('updateRunFromBody', () => {
  it('reads the spec example UpdateRuns_ListByFleet (2026-06-01): version, states, members, gates with and without an id', () => {
    const run = updateRunFromBody(specExample('fleet-2026-06-01/UpdateRuns_ListByFleet.json').value[0]);
    expect(run).toEqual({
      id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.ContainerService/fleets/myFleet/updateRuns/run1',
      name: 'run1',
      state: 'Pending',
      upgradeType: 'Full',
      kubernetesVersion: '1.26.1',
      stages: [
        {
          name: 'stage1',
          state: 'Pending',
          groups: [{ name: 'group-a', state: 'NotStarted', members: [{ name: 'member-one', clusterResourceId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/myClusters/providers/Microsoft.ContainerService/managedClusters/myCluster', state: 'NotStarted' }] }],
          gates: [
            { displayName: 'gate before stage1', timing: 'Before', state: 'Pending', gateId: '/subscriptions/subid1/resourcegroups/rg1/providers/Microsoft.ContainerService/fleets/fleet-1/gates/12345678-910a-bcde-f000-000000000000' },
            { displayName: 'gate before group-a', timing: 'Before', state: 'NotStarted', group: 'group-a' },
            { displayName: 'gate after group-a', timing: 'After', state: 'NotStarted', group: 'group-a' },
            { displayName: 'gate after stage1', timing: 'After', state: 'NotStarted' },
          ],
        },
      ],
    });
  });

  it('a run without status is NotStarted with no stages', () => {
    expect(updateRunFromBody({ id: 'x', name: 'r', properties: {} })).toEqual({ id: 'x', name: 'r', state: 'NotStarted', upgradeType: 'Full', stages: [] });
  });

  it('an unknown state is refused naming the body and the field', () => {
    const error = thrownInputError(() => updateRunFromBody({ id: 'x', name: 'r', properties: { status: { status: { state: 'Paused' } } } }));
    expect(error.input).toBe('Fleet update run body');
    expect(error.path).toContain('properties.status.status.state');
  });
});

describe('gateFromBody', () => {
  const body = { id: 'g', properties: { gateType: 'Approval', state: 'Pending', target: { id: 'run', updateRunProperties: { name: 'run', stage: 's', timing: 'After' } } } };

  it('takes the eTag from the body, else from the header; a missing display name is empty', () => {
    expect(gateFromBody({ ...body, eTag: '"2"' }, '"1"').eTag).toBe('"2"');
    expect(gateFromBody(body, '"1"').eTag).toBe('"1"');
    expect(gateFromBody(body)).toEqual({ id: 'g', displayName: '', gateType: 'Approval', state: 'Pending', target: { updateRunId: 'run', updateRunName: 'run', stage: 's', timing: 'After' } });
  });

  it('the preview example\'s target shape (properties.updateRun) is refused naming target.updateRunProperties', () => {
    const error = thrownInputError(() => gateFromBody(specExample('fleet-2025-04-01-preview/Gates_Get.json')));
    expect(error.input).toBe('Fleet gate body');
    expect(error.path).toContain('properties.target.updateRunProperties');
  });
});
