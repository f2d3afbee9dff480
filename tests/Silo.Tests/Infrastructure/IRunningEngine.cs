using System.Text.Json;

namespace Warning.Silo.Tests.Infrastructure;

/// <summary>An engine a test talks to, in this process (<see cref="Engine"/>) or as its own (<see cref="EngineProcess"/>).</summary>
public interface IRunningEngine
{
    HttpClient Http { get; }

    int MqttPort { get; }

    Task Publish(string sensorId, string json, int? port = null, string kind = "rain");

    Task<List<JsonElement>> Warnings(string query = "");
}
