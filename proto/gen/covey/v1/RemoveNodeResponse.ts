// Original file: covey/v1/control.proto


export interface RemoveNodeResponse {
}

export interface RemoveNodeResponse__Output {
}
