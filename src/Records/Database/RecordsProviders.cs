namespace Warning.Records.Database;

public static class RecordsProviders
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
}
