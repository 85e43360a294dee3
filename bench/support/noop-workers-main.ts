/**
 * The reference's no-op workers in a process of their own (ZEEBE_ADDRESS): closing zeebe-node workers cancels
 * their long polls, which can trip Node's http2 assertion (nodejs/node#38964) in the bench process; this one
 * is simply killed when the reference is done.
 */
import { ZBClient } from 'zeebe-node';
import { exitWithParent } from '../../web/server/exit-with-parent';
import { startNoopWorkers } from './complaint-path';

// started through a tsx wrapper: watch the bench itself, not the wrapper
exitWithParent({ pid: Number(process.env.GCFLOW_PARENT_PID) || undefined });

const zbc = new ZBClient(process.env.ZEEBE_ADDRESS!, { loglevel: 'NONE', longPoll: 2000 });
startNoopWorkers(zbc);
process.stdout.write('no-op workers ready\n');
