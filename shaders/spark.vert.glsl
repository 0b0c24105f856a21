#version 330 core
// Point sprites from the same arc ring as arc.vert.glsl, two per arc in one draw: even
// vertices are the glow at the source when the packet leaves, odd ones the flash at the sensor
// when it lands. Outside those short windows, or on the far side of the globe, the point is
// dropped.
uniform samplerBuffer u_arcs;
uniform int u_first;
uniform int u_cap;
uniform int u_stride; // every u_stride-th arc sparks
uniform float u_gain;  // brightness per spark, so a sampled crowd shines like the whole one

uniform mat4 u_vp;
uniform vec3 u_eye;
uniform float u_now;
uniform float u_period;
uniform float u_flight;
uniform float u_px;   // pixel scale (viewport height / 720)
uniform vec3 u_colors[13]; // classes, scanner tools, untagged (palette.h DGP_SLOTS)

flat out vec3 v_color;
flat out float v_alpha;
flat out float v_impact;

const float GLOW_S = 0.9;
const float FLASH_S = 0.7;

void main()
{
    int base = ((u_first + (gl_VertexID >> 1) * u_stride) % u_cap) * 3;
    vec4 t0 = texelFetch(u_arcs, base), t1 = texelFetch(u_arcs, base + 1);
    uint a_meta = floatBitsToUint(texelFetch(u_arcs, base + 2).y);
    vec3 a_src = t0.xyz, a_dst = vec3(t0.w, t1.xy);
    float age = u_now - t1.w;
    if (age < 0.0) age += u_period;
    bool impact = (gl_VertexID & 1) == 1;
    float t = impact ? age - u_flight : age;
    float dur = impact ? FLASH_S : GLOW_S;
    vec3 p = (impact ? a_dst : a_src) * 1.004;
    if (t < 0.0 || t > dur || dot(p, u_eye) < 1.0) {
        gl_Position = vec4(2.0, 2.0, 0.0, 1.0);
        gl_PointSize = 1.0;
        return;
    }
    float k = t / dur;
    gl_Position = u_vp * vec4(p, 1.0);
    gl_PointSize = u_px * (impact ? mix(5.0, 26.0, sqrt(k)) : 11.0);
    v_color = u_colors[min(a_meta & 255u, 12u)];
    v_alpha = u_gain * (impact ? (1.0 - k) * (1.0 - k) * 0.55 : (1.0 - k) * 0.22);
    v_impact = impact ? 1.0 : 0.0;
}
