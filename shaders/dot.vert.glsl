// (Appended to arc_common.glsl.) Dots, for the densest crowds: each arc is its head alone,
// one point sprite (1 vertex), larger for heavier arcs, so the stream of packets still flows.
// Seeds outside [u_keep_lo, u_keep_hi) are left to the streaks or to nobody.
uniform float u_keep_lo, u_keep_hi;
uniform float u_gain;

flat out vec3 v_color;
flat out float v_alpha;

void main()
{
    fetch_arc(gl_VertexID);
    float head = arc_age() / u_flight;
    if (head > 1.0 || a_seed < u_keep_lo || a_seed >= u_keep_hi) {
        gl_Position = DROPPED_OUT;
        gl_PointSize = 1.0;
        v_alpha = 0.0;
        return;
    }
    vec3 p, dp;
    arc_at(head, p, dp);
    if (arc_visible(p) == 0.0) {
        gl_Position = DROPPED_OUT;
        gl_PointSize = 1.0;
        v_alpha = 0.0;
        return;
    }
    gl_Position = u_vp * vec4(p, 1.0);
    float level = arc_level();
    gl_PointSize = u_px * (2.5 + 2.5 * level + (arc_mirai() ? 1.0 : 0.0));
    v_color = arc_color();
    v_alpha = min(1.0, min(1.0, head * 12.0) * (0.8 + 0.2 * level) * u_gain);
}
