using System.CommandLine;
using Warning.Ingest.Security;

namespace Warning.Silo.Credentials;

/// <summary>
/// <c>./warning rabbitmq-auth --out DIR --devices FILE</c>: RabbitMQ's <c>definitions.json</c> (see
/// <see cref="RabbitDefinitions"/>) — the engine's account, which reads only its quorum queue, and one account per
/// device, which writes only its own topics. FILE holds one <c>SENSOR-ID HASH</c> line per device, as
/// <c>./warning credential</c> prints it (RabbitMQ cannot check the registry's mosquitto-format hash, so it keeps its
/// own of the same secret). Load it with <c>load_definitions</c> in rabbitmq.conf or <c>rabbitmqctl import_definitions</c>.
/// </summary>
public static class RabbitAuthCommand
{
    public static async Task<int> Run(string[] args)
    {
        var devices = new Option<FileInfo>("--devices") { Description = "lines 'SENSOR-ID HASH' (the 'rabbitmq devices file' line of ./warning credential)", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "where definitions.json is written", Required = true };
        var user = new Option<string>("--engine-user") { Description = "the engine's login (in Rabbit:Url)", DefaultValueFactory = _ => "warning-engine" };
        var secret = new Option<string?>("--engine-secret") { Description = "the engine's secret (in Rabbit:Url); a random one when left out" };
        var queue = new Option<string>("--queue") { Description = "the quorum queue (Rabbit:Queue)", DefaultValueFactory = _ => "warning-ingest" };
        var command = new RootCommand("RabbitMQ's users and permissions for the devices and the engine.") { devices, output, user, secret, queue };
        command.SetAction(async (result, ct) =>
        {
            var file = result.GetValue(devices)!;
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"rabbitmq-auth: no devices file at {file.FullName} (--devices)");
                return 2;
            }
            var entries = new List<(string, string)>();
            var number = 0;
            foreach (var line in await File.ReadAllLinesAsync(file.FullName, ct))
            {
                number++;
                var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 0 || parts[0].StartsWith('#')) continue;
                if (parts.Length != 2 || !IsHash(parts[1]))
                {
                    await Console.Error.WriteLineAsync($"rabbitmq-auth: {file.Name} line {number}: expected 'SENSOR-ID HASH' with the hash ./warning credential prints, got \"{line}\"");
                    return 2;
                }
                entries.Add((parts[0], parts[1]));
            }
            var engineSecret = result.GetValue(secret) ?? DeviceCredential.NewSecret();
            var dir = result.GetValue(output)!;
            dir.Create();
            var engineUser = result.GetValue(user)!;
            var target = Path.Combine(dir.FullName, "definitions.json");
            await File.WriteAllTextAsync(target, RabbitDefinitions.Document(engineUser, RabbitDefinitions.Hash(engineSecret), result.GetValue(queue)!, "amq.topic", entries), ct);
            Console.WriteLine($"wrote {target} ({entries.Count} devices and {engineUser})");
            Console.WriteLine("rabbitmq.conf: load_definitions = <dir>/definitions.json, mqtt.allow_anonymous = false");
            if (result.GetValue(secret) is null) Console.WriteLine($"engine: Rabbit__Url=amqp://{engineUser}:{engineSecret}@HOST:5672/");
            return 0;
        });
        return await command.Parse(args).InvokeAsync();
    }

    private static bool IsHash(string text)
    {
        Span<byte> bytes = stackalloc byte[64];
        return Convert.TryFromBase64String(text, bytes, out var length) && length == 36;
    }
}
