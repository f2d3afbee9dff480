using System.Net;
using System.Net.Sockets;

namespace Warning.Tests.Shared;

/// <summary>
/// Loopback ports the OS says are free, never the same one twice in this test process (BCL only: compiled into every
/// test project). Everything a test starts takes its ports here — daemons and engines alike — so one registry knows
/// them all; the engine's own <c>FreePorts</c> serves its bench and replays.
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Given.Add(port)) return port;
            }
        }
    }
}
