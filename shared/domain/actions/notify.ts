import * as z from 'zod';
import { alertNames, defineAction } from './action.ts';

export const notify = defineAction({
  risk: 'low',
  description: 'Notify the owning team; change nothing.',
  params: z.object({ message: z.string().max(2000).optional() }).strict(),
  describe: () => 'notify the owning team',
  playbooks: [
    {
      id: 'filling-disk',
      alertNames: alertNames(
        '.*(DiskSpace|OutOfDiskSpace|DiskFull|FilesystemSpaceFillingUp|FilesystemAlmostOutOfSpace|DiskWillFillIn.*|PersistentvolumeFillingUp|VolumeFullInFourDays).*',
      ),
      params: () => ({ message: 'A disk is filling up: free space or grow the volume before it is full.' }),
    },
    {
      id: 'dead-target',
      alertNames: alertNames('TargetDown|PrometheusTargetMissing|PrometheusAllTargetsMissing|.*ExporterDown|InstanceDown'),
      params: () => ({ message: 'A scrape target is down: check the exporter and the host it runs on.' }),
    },
  ],
});
