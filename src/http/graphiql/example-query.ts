/**
 * The operation GraphiQL opens with: the latest session of the demo live channel in eu-west-1.
 * One source for the page, the README (test/graphiql.test.ts checks the README quotes it verbatim)
 * and the browser test.
 */
export const EXAMPLE_QUERY = `# Welcome to the IVS GraphQL gateway. Press ▶ to run.
query LatestSession {
  streamSession(channelArn: "arn:aws:ivs:eu-west-1:123456789012:channel/aVcELGJLo574") {
    streamId
    startTime
    endTime
    channel {
      name
      type
      latencyMode
      tags { key value }
    }
    ingestConfigurations {
      videoConfigurations { track videoWidth videoHeight targetBitrate }
    }
    truncatedEvents { eventTime name }
  }
}
`;
