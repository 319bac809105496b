// Original file: covey/v1/specs.proto

import type { MountType as _covey_v1_MountType, MountType__Output as _covey_v1_MountType__Output } from '../../covey/v1/MountType.ts';
import type { VolumeOptions as _covey_v1_VolumeOptions, VolumeOptions__Output as _covey_v1_VolumeOptions__Output } from '../../covey/v1/VolumeOptions.ts';
import type { TmpfsOptions as _covey_v1_TmpfsOptions, TmpfsOptions__Output as _covey_v1_TmpfsOptions__Output } from '../../covey/v1/TmpfsOptions.ts';

export interface Mount {
  'type'?: (_covey_v1_MountType);
  'source'?: (string);
  'target'?: (string);
  'readOnly'?: (boolean);
  'volumeOptions'?: (_covey_v1_VolumeOptions | null);
  'tmpfsOptions'?: (_covey_v1_TmpfsOptions | null);
}

export interface Mount__Output {
  'type': (_covey_v1_MountType__Output);
  'source': (string);
  'target': (string);
  'readOnly': (boolean);
  'volumeOptions': (_covey_v1_VolumeOptions__Output | null);
  'tmpfsOptions': (_covey_v1_TmpfsOptions__Output | null);
}
