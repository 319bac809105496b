import Docker from 'dockerode';
import t from 'tap';
import { engineAddress } from '../../../../agent/executors/docker/engine-address.ts';

t.test('the engine’s address as an operator writes it', async (t) => {
  t.equal(engineAddress(new Docker({ socketPath: '/run/x.sock' })), 'unix:///run/x.sock');
  t.equal(engineAddress(new Docker({ host: '10.0.0.5', port: 2375 })), 'tcp://10.0.0.5:2375');
  t.equal(
    engineAddress(new Docker({ host: '10.0.0.5', port: 2376, protocol: 'https' })),
    'https://10.0.0.5:2376',
  );
});
