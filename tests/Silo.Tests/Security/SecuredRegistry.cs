using Warning.Ingest.Security;

namespace Warning.Silo.Tests.Security;

/// <summary>Two gauges of one county: TEST-RAIN-01 with a device credential, TEST-RAIN-02 without.</summary>
internal static class SecuredRegistry
{
    public const string Secret = "gauge-01-secret-from-the-installer";

    public static string Text => $"""
        - id: TEST-RAIN-01
          kind: rain
          name: 测试雨量站
          region: "620522"
          areas: ["620522100201"]
          ruleset: cma-rainstorm
          credential: "{DeviceCredential.Hash(Secret)}"
        - id: TEST-RAIN-02
          kind: rain
          name: second gauge
          region: "620522"
          ruleset: cma-rainstorm
        """;
}
