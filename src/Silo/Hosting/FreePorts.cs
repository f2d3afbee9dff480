using System.Net;
using System.Net.Sockets;

namespace Warning.Silo.Hosting;

/// <summary>
/// Loopback ports the OS says are free, never the same one twice in this process: replays (and tests) start several
/// engines one after another, and a port just closed may still be held by the connections it had.
/// </summary>
public static class FreePorts
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
