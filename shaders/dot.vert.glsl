// (Appended to arc_common.glsl.) Dot level of detail, for the densest crowds: each arc is its
// head alone, one point sprite (1 vertex), so the stream of packets still flows.
uniform float u_px;

flat out vec3 v_color;
flat out float v_alpha;

void main()
{
    fetch_arc(gl_VertexID);
    float head = arc_age() / u_flight;
    if (head > 1.0) {
        gl_Position = DROPPED;
        gl_PointSize = 1.0;
        v_alpha = 0.0;
        return;
    }
    vec3 p, dp;
    arc_at(head, p, dp);
    gl_Position = u_vp * vec4(p, 1.0);
    gl_PointSize = u_px * (arc_mirai() ? 4.0 : 3.0);
    v_color = arc_mirai() ? mix(arc_color(), vec3(1.0), 0.45) : arc_color();
    v_alpha = min(1.0, head * 12.0);
}
