using MotCua.Data;
using Npgsql;

namespace MotCua.Web.Features.Health;

public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" })).WithTags("Health");

        app.MapGet("/readyz", async (Database database, CancellationToken ct) =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(database.ConnectionString);
                await connection.OpenAsync(ct);
                return await SchemaMigrator.IsUpToDateAsync(connection, ct)
                    ? Results.Ok(new { status = "ready" })
                    : Results.Problem(statusCode: 503, title: "Chưa sẵn sàng", detail: "Cơ sở dữ liệu chưa được cập nhật lược đồ.");
            }
            catch (NpgsqlException e)
            {
                return Results.Problem(statusCode: 503, title: "Chưa sẵn sàng", detail: "Không kết nối được cơ sở dữ liệu: " + e.Message);
            }
        }).WithTags("Health");
    }
}
