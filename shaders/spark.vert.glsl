// (Appended to arc_common.glsl.) Point sprites from the featured ring, two per arc in one draw:
// even vertices are the glow at the source when the packet leaves, odd ones the flash at the
// sensor when it lands. Outside those short windows, or on the far side of the globe, the
// point is dropped.
flat out vec3 v_color;
flat out float v_alpha;
flat out float v_impact;

const float GLOW_S = 0.9;
const float FLASH_S = 0.7;

void main()
{
    fetch_arc(gl_VertexID >> 1);
    float age = arc_age();
    bool impact = (gl_VertexID & 1) == 1;
    float t = impact ? age - u_flight : age;
    float dur = impact ? FLASH_S : GLOW_S;
    vec3 p = (impact ? a_dst : a_src) * 1.004;
    if (t < 0.0 || t > dur || arc_visible(p) == 0.0) {
        gl_Position = vec4(2.0, 2.0, 0.0, 1.0);
        gl_PointSize = 1.0;
        return;
    }
    float k = t / dur, level = arc_level();
    gl_Position = u_vp * vec4(p, 1.0);
    gl_PointSize = u_px * (impact ? mix(5.0, 22.0 + 10.0 * level, sqrt(k)) : 9.0 + 6.0 * level);
    v_color = arc_color();
    v_alpha = (0.7 + 0.3 * level) * (impact ? (1.0 - k) * (1.0 - k) * 0.9 : (1.0 - k) * 0.35);
    v_impact = impact ? 1.0 : 0.0;
}
