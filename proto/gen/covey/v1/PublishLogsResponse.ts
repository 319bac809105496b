// Original file: covey/v1/dispatcher.proto


export interface PublishLogsResponse {
}

export interface PublishLogsResponse__Output {
}
